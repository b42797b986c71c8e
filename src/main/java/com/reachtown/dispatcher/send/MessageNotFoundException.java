package com.reachtown.dispatcher.send;

/**
 * Thrown when no sent message matches a lookup.
 */
public class MessageNotFoundException extends RuntimeException {

	MessageNotFoundException(String message) {
		super(message);
	}

}
