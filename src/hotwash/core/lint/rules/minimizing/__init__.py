"""placeholder"""
RULES: tuple[object, ...] = ()
