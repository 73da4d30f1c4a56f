package com.bowwow.common.events;

/**
 * A Redis Stream entry ID ({@code <ms>-<seq>}), ordered as Redis orders them. The relay
 * writes its entries as {@code <sequence>-0}, so the first part of its IDs is the outbox
 * sequence.
 *
 * @param ms the first part (milliseconds for IDs Redis generated)
 * @param seq the second part
 */
record EntryId(long ms, long seq) implements Comparable<EntryId> {

	static final EntryId ZERO = new EntryId(0, 0);

	static EntryId parse(String id) {
		int dash = id.indexOf('-');
		if (dash < 0) {
			return new EntryId(Long.parseUnsignedLong(id), 0);
		}
		return new EntryId(Long.parseUnsignedLong(id.substring(0, dash)),
				Long.parseUnsignedLong(id.substring(dash + 1)));
	}

	static EntryId ofSequence(long sequence) {
		return new EntryId(sequence, 0);
	}

	/** The greatest ID before this one (entries Redis generates never reach it). */
	EntryId previous() {
		if (this.seq > 0) {
			return new EntryId(this.ms, this.seq - 1);
		}
		return (this.ms > 0) ? new EntryId(this.ms - 1, Long.MAX_VALUE) : ZERO;
	}

	@Override
	public int compareTo(EntryId other) {
		int byMs = Long.compareUnsigned(this.ms, other.ms);
		return (byMs != 0) ? byMs : Long.compareUnsigned(this.seq, other.seq);
	}

	@Override
	public String toString() {
		return Long.toUnsignedString(this.ms) + "-" + Long.toUnsignedString(this.seq);
	}

}
