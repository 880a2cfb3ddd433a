"""A first walk through the API: sign up, open a thread, reply, read it back."""


def test_member_opens_a_thread_and_reads_it_back(api):
    created = api.post("/boards/newcomers/threads", "newcomer",
                       json={"title": "Hello, day one", "body": "I made it **through** today."})
    assert created.status_code == 201, created.json
    thread_id = created.json["thread"]["id"]
    reply = api.post(f"/threads/{thread_id}/posts", "member",
                     json={"body": "Welcome!", "parent_id": created.json["post"]["id"]})
    assert reply.status_code == 201, reply.json
    page = api.get(f"/threads/{thread_id}")
    assert [p["body_html"] for p in page.json["posts"]] == [
        "<p>I made it <strong>through</strong> today.</p>", "<p>Welcome!</p>"]
    assert page.json["posts"][1]["parent_id"] == created.json["post"]["id"]
    assert page.json["thread"]["reply_count"] == 1
