package com.reachtown.dispatcher.send;

/**
 * A validated send request.
 *
 * @param recipientPhone the recipient in E.164
 * @param messageBody the text to send
 * @param externalId reach-town's id of the message, or {@code null}
 * @param provider the provider name, or {@code null} for the default
 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
 */
public record SendCommand(String recipientPhone, String messageBody, String externalId, String provider,
		String idempotencyKey) {

	/**
	 * Returns the key under which repeats of this send are recognized: the
	 * {@code Idempotency-Key} header, else the external id.
	 * @return the key, or {@code null} when the request has neither
	 */
	public String effectiveIdempotencyKey() {
		return (this.idempotencyKey != null) ? this.idempotencyKey : this.externalId;
	}

}
