"""The reference for bench/http.py: Flask + Flask-SQLAlchemy rendering the same 20 posts as the
forum's thread page (first 20 top-level posts of BENCH_THREAD_ID with their authors), in one
query and one precompiled Jinja template: what the page costs with no forum around it.

    DATABASE_URL=... BENCH_THREAD_ID=N gunicorn -k gevent -w 1 bench.minimal_sqla:app
"""
import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db = SQLAlchemy(app)
THREAD_ID = int(os.environ["BENCH_THREAD_ID"])
meta = MetaData()
posts = Table("posts", meta, Column("id", Integer, primary_key=True), Column("thread_id", Integer),
              Column("author_id", Integer), Column("parent_id", Integer),
              Column("body_html", Text), Column("status", String),
              Column("created_at", DateTime(timezone=True)))
users = Table("users", meta, Column("id", Integer, primary_key=True), Column("handle", String))
TEMPLATE = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A thread</title></head><body><main><h1>A thread</h1>
{% for post in posts %}<article id="post-{{ post.id }}"><header>
<a href="/members/{{ post.handle }}">{{ post.handle }}</a>
<time>{{ post.created_at }}</time></header>
<div class="post-body">{{ post.body_html | safe }}</div></article>
{% endfor %}</main></body></html>""")
QUERY = (select(posts.c.id, posts.c.body_html, posts.c.created_at, users.c.handle)
         .join(users, users.c.id == posts.c.author_id)
         .where(posts.c.thread_id == THREAD_ID, posts.c.parent_id.is_(None),
                posts.c.status == "published")
         .order_by(posts.c.id).limit(20))


@app.get("/")
def thread():
    """The thread's first 20 posts."""
    return TEMPLATE.render(posts=db.session.execute(QUERY).all())
