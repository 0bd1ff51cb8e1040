"""Danish first; English when the user picks it."""


def test_danish_by_default_even_for_an_english_browser(client, db):
    response = client.get("/log-ind/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "<h1>Log ind</h1>" in response.content.decode()
    assert response.headers["Content-Language"] == "da"


def test_english_after_choosing_it_in_the_language_switch(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/log-ind/"})
    body = client.get("/log-ind/").content.decode()
    assert "<h1>Log in</h1>" in body and 'lang="en"' in body
