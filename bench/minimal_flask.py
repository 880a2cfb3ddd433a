"""The floor for bench/http.py: a Flask app answering one small HTML page, nothing else.

    gunicorn -k gevent -w 1 bench.minimal_flask:app      (bench/http.py starts it itself)
"""
from flask import Flask

app = Flask(__name__)
PAGE = ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Minimal</title></head>"
        "<body><main><h1>Hello</h1><p>A minimal Flask page.</p></main></body></html>")


@app.get("/")
def index():
    """The same small page every time."""
    return PAGE
