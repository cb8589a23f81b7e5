"""Meta-tests: the public API is what ``__all__`` says, and every error is reachable from it."""

import inspect

import newsbrief
from newsbrief import errors


def test_all_names_exist_and_are_sorted():
    assert newsbrief.__all__ == sorted(newsbrief.__all__)
    for name in newsbrief.__all__:
        assert hasattr(newsbrief, name), name


def test_every_error_class_is_exported_and_one_hierarchy():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    assert len(classes) >= 10
    for cls in classes:
        assert issubclass(cls, newsbrief.NewsbriefError)
        assert cls.__name__ in newsbrief.__all__, cls.__name__
        # The errors module docstring draws the tree: every class must be in it.
        assert cls.__name__ in errors.__doc__, cls.__name__
