"""Side-by-side benchmarks of rostzeug against Werkzeug.

Run ``python -m benches`` from the repository root; ``--help`` lists the
options. Scenarios live in :mod:`benches.scenarios`, one module per group.
"""
