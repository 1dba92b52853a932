"""Signing in and out, passwords, sessions and re-authentication."""
