package com.reachtown.dispatcher.provider;

import java.time.Duration;

/**
 * Thrown when a provider does not accept a message. It rejected the recipient or the
 * content, limited our rate, refused our credentials, failed, could not be reached, or
 * sent no response to a request it may have received. The HTTP status and the retryable
 * flag default to the kind's, and a {@link ProviderErrorCatalog} entry may change both.
 */
public class ProviderException extends RuntimeException {

	private final String provider;

	private final Kind kind;

	private final String providerErrorCode;

	private final Duration retryAfter;

	private final int httpStatus;

	private final boolean retryable;

	public ProviderException(String provider, Kind kind, String providerErrorCode, String message, Duration retryAfter,
			Throwable cause) {
		this(provider, kind, providerErrorCode, message, retryAfter, kind.httpStatus(), kind.retryable(), cause);
	}

	/**
	 * Creates an exception whose HTTP status or retryable flag differs from its kind's.
	 * @param provider the provider name
	 * @param kind what went wrong
	 * @param providerErrorCode the provider's error code, or {@code null}
	 * @param message the plain-words message
	 * @param retryAfter how long to wait before the next call, or {@code null}
	 * @param httpStatus the HTTP status of the failed send
	 * @param retryable whether the same send may succeed later
	 * @param cause the cause, or {@code null}
	 */
	public ProviderException(String provider, Kind kind, String providerErrorCode, String message, Duration retryAfter,
			int httpStatus, boolean retryable, Throwable cause) {
		super(message, cause);
		this.provider = provider;
		this.kind = kind;
		this.providerErrorCode = providerErrorCode;
		this.retryAfter = retryAfter;
		this.httpStatus = httpStatus;
		this.retryable = retryable;
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
	 * Returns the HTTP status the failed send gets.
	 * @return the status code
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

	/**
	 * Tells whether the same send may succeed later.
	 * @return {@code true} when reach-town may send the message again
	 */
	public boolean retryable() {
		return this.retryable;
	}

	/**
	 * Tells whether the provider cannot have received the message, so that calling it
	 * again cannot send the message twice: the connection was never opened, or the
	 * provider limited our rate and processed nothing.
	 * @return {@code true} for {@link Kind#UNREACHABLE} and {@link Kind#RATE_LIMITED}
	 */
	public boolean notSent() {
		return this.kind == Kind.UNREACHABLE || this.kind == Kind.RATE_LIMITED;
	}

	/**
	 * What went wrong, which decides the default HTTP status of the failed send.
	 */
	public enum Kind {

		/** The provider rejected this recipient or content for good (422). */
		REJECTED(422, false),

		/** The provider limited our request rate (429). */
		RATE_LIMITED(429, true),

		/** The provider refused the dispatcher's credentials or configuration (502). */
		MISCONFIGURED(502, false),

		/**
		 * The provider returned a server error or a response we cannot read (502).
		 */
		UNAVAILABLE(502, true),

		/** No connection to the provider could be opened, so nothing was sent (502). */
		UNREACHABLE(502, true),

		/**
		 * The request was written but no response arrived, so the provider may have sent
		 * the message. The send returns 202 and {@code "status": "unknown"}, and a repeat
		 * must not call the provider again.
		 */
		OUTCOME_UNKNOWN(202, false),

		/** The provider's circuit breaker is open, so no call was made (503). */
		CIRCUIT_OPEN(503, true);

		private final int httpStatus;

		private final boolean retryable;

		Kind(int httpStatus, boolean retryable) {
			this.httpStatus = httpStatus;
			this.retryable = retryable;
		}

		/**
		 * Returns the HTTP status a failed send of this kind gets by default.
		 * @return the status code
		 */
		public int httpStatus() {
			return this.httpStatus;
		}

		/**
		 * Tells whether the same send may succeed later.
		 * @return {@code true} for rate limits and provider faults, by default
		 */
		public boolean retryable() {
			return this.retryable;
		}

	}

}
