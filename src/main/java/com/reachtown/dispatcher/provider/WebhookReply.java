package com.reachtown.dispatcher.provider;

/**
 * The HTTP reply a provider expects to a webhook it sent.
 *
 * @param contentType the content type of the body, or {@code null} for no body
 * @param body the body, or {@code null}
 */
public record WebhookReply(String contentType, String body) {

	/** A 200 reply with no body. */
	public static final WebhookReply EMPTY = new WebhookReply(null, null);

}
