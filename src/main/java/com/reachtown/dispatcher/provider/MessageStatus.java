package com.reachtown.dispatcher.provider;

import java.util.Locale;

/**
 * The status vocabulary of reach-town, with the rank that keeps a message's status from
 * moving backwards: a status is forwarded only when its rank is above the one already
 * recorded.
 */
public enum MessageStatus {

	QUEUED(0), SENDING(1), SENT(2), DELIVERED(3), UNDELIVERED(3), FAILED(3), READ(4);

	private final int rank;

	MessageStatus(int rank) {
		this.rank = rank;
	}

	/**
	 * Returns the precedence rank: queued 0, sending 1, sent 2, delivered, undelivered
	 * and failed 3, read 4.
	 * @return the rank
	 */
	public int rank() {
		return this.rank;
	}

	/**
	 * Returns the name reach-town uses ({@code delivered}).
	 * @return the lower-case name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns the status with the given reach-town name.
	 * @param value a lower- or upper-case name such as {@code delivered}
	 * @return the status
	 * @throws IllegalArgumentException if no status has that name
	 */
	public static MessageStatus fromValue(String value) {
		return valueOf(value.strip().toUpperCase(Locale.ROOT));
	}

}
