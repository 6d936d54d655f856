"""Run parallax on a distributed engine (Ray Data). Needs the ``ray`` extra:

    pip install "parallax[ray]"

Nothing here is imported by the core; ``ray`` itself is imported only when a run starts.
"""

__all__ = ["ray_runner"]
