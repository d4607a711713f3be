"""Alembic migrations for :mod:`reportgen.store`, shipped inside the package.

They are run in code by :func:`reportgen.store.migrate`, with a Config built
there, so they work from an installed wheel without an ``alembic.ini``.
"""
