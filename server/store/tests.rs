//! Store tests on hand-made extractions (independent of extraction quality).
