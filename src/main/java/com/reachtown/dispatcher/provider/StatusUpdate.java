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
 * @param errorMessage the provider's error message, or {@code null}
 * @param updatedAt when the status changed
 */
public record StatusUpdate(String provider, String providerMessageId, MessageStatus status, String providerStatus,
		String errorCode, String errorMessage, Instant updatedAt) implements ProviderEvent {
}
