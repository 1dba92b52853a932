"""The client portal: a referring business follows its own matters."""
