package com.reachtown.dispatcher.provider;

import java.time.Duration;

/**
 * Thrown when a provider does not accept a message: it rejected the recipient or the
 * content, it limited our rate, it refused our credentials, or it failed or could not be
 * reached.
 */
public class ProviderException extends RuntimeException {

	private final String provider;

	private final Kind kind;

	private final String providerErrorCode;

	private final Duration retryAfter;

	public ProviderException(String provider, Kind kind, String providerErrorCode, String message, Duration retryAfter,
			Throwable cause) {
		super(message, cause);
		this.provider = provider;
		this.kind = kind;
		this.providerErrorCode = providerErrorCode;
		this.retryAfter = retryAfter;
	}

	public String provider() {
		return this.provider;
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * Returns the provider's own error code, such as Twilio's {@code 21211}.
	 * @return the code, or {@code null} when the provider gave none
	 */
	public String providerErrorCode() {
		return this.providerErrorCode;
	}

	/**
	 * Returns how long the provider asked us to wait before the next call.
	 * @return the wait, or {@code null}
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * What went wrong, which decides the HTTP status of the failed send.
	 */
	public enum Kind {

		/** The provider rejected this recipient or content for good (422). */
		REJECTED(422, false),

		/** The provider limited our request rate (429). */
		RATE_LIMITED(429, true),

		/** The provider refused the dispatcher's credentials or configuration (502). */
		MISCONFIGURED(502, false),

		/** The provider failed, timed out or could not be reached (502). */
		UNAVAILABLE(502, true);

		private final int httpStatus;

		private final boolean retryable;

		Kind(int httpStatus, boolean retryable) {
			this.httpStatus = httpStatus;
			this.retryable = retryable;
		}

		/**
		 * Returns the HTTP status a failed send of this kind gets.
		 * @return the status code
		 */
		public int httpStatus() {
			return this.httpStatus;
		}

		/**
		 * Tells whether the same send may succeed later.
		 * @return {@code true} for rate limits and provider faults
		 */
		public boolean retryable() {
			return this.retryable;
		}

	}

}
