package io.vigie.indexer;

/** Where an operation's answer goes: its attempt, at its position in the attempt. */
record AnswerSlot(BulkOutcome attempt, int position) {}
