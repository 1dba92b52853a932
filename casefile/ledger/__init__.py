"""The matter ledger: costs, fees, payments, adjustments and reversals; balances and payoffs."""
