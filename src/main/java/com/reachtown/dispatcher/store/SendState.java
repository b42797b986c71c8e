package com.reachtown.dispatcher.store;

/**
 * The state of a send.
 */
public enum SendState {

	/** The provider call is under way. */
	IN_FLIGHT,

	/** The provider accepted the message. */
	SENT,

	/** The provider rejected the message for good; a repeat gets the same error. */
	FAILED,

	/** The provider call failed in a way that a repeat of the same request may retry. */
	FAILED_RETRYABLE,

	/**
	 * The request reached the provider but its response did not, so the message may have
	 * been sent. A repeat does not call the provider again; a status callback that names
	 * the message settles it as {@link #SENT}.
	 */
	UNKNOWN

}
