package com.reachtown.dispatcher.web;

/**
 * Thrown when a request field passes bean validation but holds a value the dispatcher
 * cannot use, such as a phone number that is not valid in its country.
 */
class InvalidFieldException extends RuntimeException {

	private final String field;

	InvalidFieldException(String field, String reason) {
		super(field + " " + reason);
		this.field = field;
	}

	String field() {
		return this.field;
	}

}
