package com.reachtown.dispatcher.web;

/**
 * Thrown while a request body is read, once it exceeds the configured limit.
 */
class PayloadTooLargeException extends RuntimeException {

	PayloadTooLargeException(String message) {
		super(message);
	}

}
