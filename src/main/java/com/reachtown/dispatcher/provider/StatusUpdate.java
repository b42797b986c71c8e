package com.reachtown.dispatcher.provider;

import java.time.Instant;

/**
 * A change of a sent message's status, normalized from a provider's callback.
 *
 * @param provider the provider name
 * @param providerMessageId the provider's id of the message
 * @param status the status in reach-town's vocabulary
 * @param providerStatus the status as the provider named it, for the audit log
 * @param errorCode the provider's error code, or {@code null}
 * @param errorMessage the error in plain words, or {@code null}
 * @param updatedAt when the status changed
 * @param retryable for a failed message, whether sending it again may succeed; else
 * {@code null}
 * @param messageId the dispatcher's id of the message when the callback carries it (the
 * {@code message_id} query parameter of a Twilio status callback URL), else {@code null}
 */
public record StatusUpdate(String provider, String providerMessageId, MessageStatus status, String providerStatus,
		String errorCode, String errorMessage, Instant updatedAt, Boolean retryable,
		String messageId) implements ProviderEvent {

	public StatusUpdate(String provider, String providerMessageId, MessageStatus status, String providerStatus,
			String errorCode, String errorMessage, Instant updatedAt) {
		this(provider, providerMessageId, status, providerStatus, errorCode, errorMessage, updatedAt, null, null);
	}

	/**
	 * Tells whether the message failed for good: {@code failed} or {@code undelivered}.
	 * @return {@code true} for a failure
	 */
	public boolean isFailure() {
		return this.status == MessageStatus.FAILED || this.status == MessageStatus.UNDELIVERED;
	}

	public StatusUpdate withError(String errorMessage, boolean retryable) {
		return new StatusUpdate(this.provider, this.providerMessageId, this.status, this.providerStatus, this.errorCode,
				errorMessage, this.updatedAt, retryable, this.messageId);
	}

	public StatusUpdate withMessageId(String messageId) {
		return new StatusUpdate(this.provider, this.providerMessageId, this.status, this.providerStatus, this.errorCode,
				this.errorMessage, this.updatedAt, this.retryable, messageId);
	}

}
