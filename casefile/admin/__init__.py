"""Firm administration: users, clients and the firm-wide audit trail."""
