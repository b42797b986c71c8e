package com.reachtown.dispatcher.provider;

import java.time.Duration;

import com.reachtown.dispatcher.provider.ProviderException.Kind;

/**
 * What one provider error code means to reach-town, whether it comes back from a send or
 * in a status callback.
 *
 * @param kind what went wrong
 * @param httpStatus the HTTP status of a send that fails with this code
 * @param retryable whether sending the message again may succeed
 * @param message the error in plain words, with what to do next when there is something
 * @param retryAfter how long to wait before sending again, or {@code null} for the
 * provider's {@code Retry-After} or one second
 */
public record ProviderError(Kind kind, int httpStatus, boolean retryable, String message, Duration retryAfter) {

	static ProviderError of(Kind kind, String message) {
		return new ProviderError(kind, kind.httpStatus(), kind.retryable(), message, null);
	}

	/**
	 * Returns this entry with the set values of an override.
	 * @param override the configured values, any of them {@code null}
	 * @return the merged entry
	 */
	ProviderError merge(ProviderErrorProperties.ErrorOverride override) {
		int status = (override.status() != null) ? override.status() : this.httpStatus;
		Kind mergedKind = (status == this.httpStatus) ? this.kind : kindOf(status);
		boolean mergedRetryable = (override.retryable() != null) ? override.retryable() : this.retryable;
		String mergedMessage = (override.message() != null) ? override.message() : this.message;
		Duration mergedRetryAfter = (override.retryAfter() != null) ? override.retryAfter() : this.retryAfter;
		return new ProviderError(mergedKind, status, mergedRetryable, mergedMessage, mergedRetryAfter);
	}

	/**
	 * Creates an entry for a code that has no built-in one, from its override alone.
	 * @param override the configured values; {@code status} defaults to 422
	 * @return the entry
	 */
	static ProviderError from(ProviderErrorProperties.ErrorOverride override) {
		int status = (override.status() != null) ? override.status() : 422;
		Kind kind = kindOf(status);
		ProviderError base = new ProviderError(kind, status, kind.retryable(), "the provider reported an error", null);
		return base.merge(override);
	}

	private static Kind kindOf(int status) {
		if (status == 429) {
			return Kind.RATE_LIMITED;
		}
		if (status == 503) {
			return Kind.CIRCUIT_OPEN;
		}
		return (status >= 500) ? Kind.UNAVAILABLE : Kind.REJECTED;
	}

}
