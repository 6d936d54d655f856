"""Group articles into stories: near-duplicates, batch clustering and streaming assignment.

>>> from parallax.stories import group_stories   # doctest: +SKIP
>>> stories = group_stories(articles)             # doctest: +SKIP
"""

from .batch import StoryClusterer, group_stories
from .duplicates import find_duplicates
from .story import make_story, story_id
from .streaming import StreamingClusterer

__all__ = ["StoryClusterer", "StreamingClusterer", "find_duplicates", "group_stories", "make_story", "story_id"]
