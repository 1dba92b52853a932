"""What every page shares: access rules, session checks, security headers, errors, helpers."""
