package com.reachtown.dispatcher.store;

/**
 * Where a send stands.
 */
public enum SendState {

	/** The provider call is under way. */
	IN_FLIGHT,

	/** The provider accepted the message. */
	SENT,

	/** The provider rejected the message for good; a repeat gets the same error. */
	FAILED,

	/** The provider call failed in a way that a repeat of the same request may retry. */
	FAILED_RETRYABLE

}
