package com.reachtown.dispatcher.phone;

/**
 * Thrown when a phone number cannot be normalized to E.164. The message names the problem
 * but not the number, so that it can be logged and returned as it is.
 */
public class InvalidPhoneNumberException extends IllegalArgumentException {

	private final String reason;

	InvalidPhoneNumberException(String raw, String reason) {
		super("phone number " + reason);
		this.reason = reason;
	}

	/**
	 * Returns what is wrong with the number, as a phrase that follows the field name.
	 * @return the reason, such as {@code "is empty"}
	 */
	public String reason() {
		return this.reason;
	}

}
