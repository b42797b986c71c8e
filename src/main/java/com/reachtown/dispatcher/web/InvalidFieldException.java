package com.reachtown.dispatcher.web;

import java.util.List;

/**
 * Thrown when a request field, header or query parameter has a value that the dispatcher
 * cannot use, such as a phone number that is not valid in its country, or when fields are
 * invalid only together, such as both {@code message_body} and {@code template}.
 */
class InvalidFieldException extends RuntimeException {

	private final List<String> fields;

	private final String reason;

	InvalidFieldException(String field, String reason) {
		this(List.of(field), reason);
	}

	/**
	 * Creates the exception for fields that are invalid together.
	 * @param fields the fields, named as on the wire
	 * @param reason what is wrong, without the field names
	 */
	InvalidFieldException(List<String> fields, String reason) {
		super(String.join(" and ", fields) + " " + reason);
		this.fields = List.copyOf(fields);
		this.reason = reason;
	}

	String field() {
		return this.fields.get(0);
	}

	List<String> fields() {
		return this.fields;
	}

	/**
	 * Returns what is wrong with the value, without the field name.
	 * @return the reason, such as {@code must not be blank}
	 */
	String reason() {
		return this.reason;
	}

}
