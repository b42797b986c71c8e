package com.reachtown.dispatcher.send;

import java.net.URI;

import com.reachtown.dispatcher.provider.MessageTemplate;

/**
 * A validated send request: a text, a template, or a media file with an optional caption.
 *
 * @param recipientPhone the recipient in E.164
 * @param messageBody the text to send or the media's caption, or {@code null}
 * @param externalId reach-town's id of the message, or {@code null}
 * @param provider the provider name, or {@code null} for the default
 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
 * @param template the template to send instead of a text, or {@code null}
 * @param mediaUrl the http or https URL of a media file, or {@code null}
 */
public record SendCommand(String recipientPhone, String messageBody, String externalId, String provider,
		String idempotencyKey, MessageTemplate template, URI mediaUrl) {

	/**
	 * Creates a text send.
	 * @param recipientPhone the recipient in E.164
	 * @param messageBody the text to send
	 * @param externalId reach-town's id of the message, or {@code null}
	 * @param provider the provider name, or {@code null} for the default
	 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
	 */
	public SendCommand(String recipientPhone, String messageBody, String externalId, String provider,
			String idempotencyKey) {
		this(recipientPhone, messageBody, externalId, provider, idempotencyKey, null, null);
	}

	/**
	 * Returns the key under which repeats of this send are recognized: the
	 * {@code Idempotency-Key} header, else the external id. Each is prefixed with its
	 * source, so that a header value never matches another message's external id.
	 * @return the key, or {@code null} when the request has neither
	 */
	public String effectiveIdempotencyKey() {
		if (this.idempotencyKey != null) {
			return "header:" + this.idempotencyKey;
		}
		return (this.externalId != null) ? "external_id:" + this.externalId : null;
	}

	/**
	 * Names the idempotency key as the caller gave it, for error messages.
	 * @return such as {@code Idempotency-Key 'abc'} or
	 * {@code external_id 'campaign_5_contact_123'}
	 */
	public String idempotencyKeyDescription() {
		return (this.idempotencyKey != null) ? "Idempotency-Key '" + this.idempotencyKey + "'"
				: "external_id '" + this.externalId + "'";
	}

}
