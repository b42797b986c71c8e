package com.reachtown.dispatcher.provider;

/**
 * Thrown when an authenticated webhook cannot be parsed. Such a webhook is rejected with
 * 400 and kept in the audit log.
 */
public class InvalidWebhookException extends RuntimeException {

	public InvalidWebhookException(String message) {
		super(message);
	}

	public InvalidWebhookException(String message, Throwable cause) {
		super(message, cause);
	}

}
