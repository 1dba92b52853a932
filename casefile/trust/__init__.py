"""Trust accounting: money held for clients, remittance runs and the three-way reconciliation."""
