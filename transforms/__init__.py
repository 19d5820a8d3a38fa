"""Pure functions from a raw post's bytes to its records (see the stage packages' docstrings).

Importing the package first decides, once per process, whether its compiled build runs
(transforms/native.py).
"""

from transforms import native

native.install()
