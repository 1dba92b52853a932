"""Word documents from `.docx` templates in `letter_templates/`."""
