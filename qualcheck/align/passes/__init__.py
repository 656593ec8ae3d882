"""The aligner's passes after the DP, one module each (their order: ``qualcheck.align.PASSES``)."""
