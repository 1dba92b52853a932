"""Matters: claims against debtors, their parties, holds, invoices and lifecycle."""
