"""Systems analysis helpers: 5 Whys checks, fishbone diagram and visual timeline."""
