package com.reachtown.dispatcher.provider;

/**
 * Thrown when a webhook's signature or secret is missing or wrong. Such a webhook is
 * rejected with 401 and never forwarded.
 */
public class WebhookAuthenticationException extends RuntimeException {

	public WebhookAuthenticationException(String message) {
		super(message);
	}

}
