"""Posts' "cooked" HTML: the sanitised HTML made from each post's Markdown is stored beside it
when written (posts.body_html, stamped with sanitize.POST_RENDERER_VERSION by the model), so a
page only reads it. When the rendering rules change the version goes up, and a post whose HTML
is older is rendered again the first time a page shows it, and stored for the next reader.
"""
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.extensions import db
from forum.models import Post
from forum.sanitize import POST_RENDERER_VERSION, render_post
from forum.services.boards.mentions import with_mention_links


def is_stale(post: Post) -> bool:
    """The post's stored HTML was made by older rules (or before versions were stored)."""
    return post.body_html_version != POST_RENDERER_VERSION


def _cook(source: str) -> str:
    """A post's HTML as posting makes it: the sanitised Markdown, its members' mentions linked."""
    return with_mention_links(source, render_post(source))


def refresh_stale(posts: list) -> int:
    """Render again the posts whose HTML is older than today's rules and store it, in a
    transaction of its own (the page's posts, ORM objects or rows.PostRows, stay as they
    are, now with the new HTML); answers how many were refreshed. A removed or erased post
    keeps its empty HTML."""
    stale = {post.id: post for post in posts if is_stale(post)}
    if not stale:
        return 0
    with Session(db.engine) as writer:
        sources = writer.execute(select(Post.id, Post.body_source, Post.body_html)
                                 .where(Post.id.in_(list(stale)))).all()
        made = {post_id: _cook(source) if source else html for post_id, source, html in sources}
        for post_id, html in made.items():
            writer.execute(update(Post).where(Post.id == post_id).values(
                body_html=html, body_html_version=POST_RENDERER_VERSION))
        writer.commit()
    for post_id, html in made.items():
        _set_html(stale[post_id], html)
    return len(made)


def _set_html(post, html: str) -> None:
    """The new HTML on the page's post, as read (an ORM object stays unchanged to its session)."""
    if isinstance(post, Post):
        set_committed_value(post, "body_html", html)
        set_committed_value(post, "body_html_version", POST_RENDERER_VERSION)
    else:
        post.body_html, post.body_html_version = html, POST_RENDERER_VERSION
