package com.reachtown.dispatcher.web;

/**
 * Thrown when a request field, header or query parameter has a value that the dispatcher
 * cannot use, such as a phone number that is not valid in its country.
 */
class InvalidFieldException extends RuntimeException {

	private final String field;

	private final String reason;

	InvalidFieldException(String field, String reason) {
		super(field + " " + reason);
		this.field = field;
		this.reason = reason;
	}

	String field() {
		return this.field;
	}

	/**
	 * Returns what is wrong with the value, without the field name.
	 * @return the reason, such as {@code must not be blank}
	 */
	String reason() {
		return this.reason;
	}

}
