"""Engines: where per-item work runs. The pipeline hands an engine a picklable function and a
list of picklable items and gets the results back in order; it never knows where they ran."""
