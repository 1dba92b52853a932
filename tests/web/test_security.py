def test_a_downloaded_files_name_cannot_break_out_of_its_header():
    from casefile.web.downloads import attachment

    response = attachment(b"x", "application/pdf", 'inv"oice\r\nX-Evil: 1/é.pdf')
    header = response.headers["Content-Disposition"]
    assert header.startswith('attachment; filename="inv_oice__X-Evil_ 1__.pdf";')
    assert "filename*=UTF-8''inv%22oice%0D%0AX-Evil%3A%201%2F%C3%A9.pdf" in header
    assert "\n" not in header
