package com.reachtown.dispatcher.provider.twilio;

import java.time.Duration;

import com.reachtown.dispatcher.provider.ConnectFailures;
import com.reachtown.dispatcher.provider.ProviderErrorCatalog;
import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import com.twilio.exception.ApiException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Maps Twilio's API errors to {@link ProviderException}s: first by Twilio error code in
 * the {@link ProviderErrorCatalog}, then by HTTP status. A call that got no response is
 * classified by its cause. A failed connect sent nothing, but any other I/O failure may
 * have sent the message.
 */
final class TwilioErrors {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private TwilioErrors() {
	}

	/**
	 * Maps a failed API call.
	 * @param ex the SDK's exception, which has no status when the API sent no response
	 * @param retryAfter the response's {@code Retry-After}, or {@code null}
	 * @param catalog the error table
	 * @return the exception to throw
	 */
	static ProviderException toProviderException(ApiException ex, Duration retryAfter, ProviderErrorCatalog catalog) {
		Integer status = ex.getStatusCode();
		if (status == null) {
			return withoutResponse(ex);
		}

		String code = (ex.getCode() != null) ? ex.getCode().toString() : null;
		if (status >= 500) {
			return exception(Kind.UNAVAILABLE, code, "Twilio failed with HTTP " + status + ": " + ex.getMessage(), null,
					ex);
		}
		if (status == 429) {
			return catalog.apply(exception(Kind.RATE_LIMITED, code, "Twilio limited the request rate",
					(retryAfter != null) ? retryAfter : DEFAULT_RETRY_AFTER, ex));
		}
		return catalog
			.apply(exception(Kind.REJECTED, code, "Twilio rejected the message: " + ex.getMessage(), retryAfter, ex));
	}

	private static ProviderException withoutResponse(ApiException ex) {
		if (isConnectFailure(ex)) {
			return exception(Kind.UNREACHABLE, null, "Twilio could not be reached: " + ex.getMessage(), null, ex);
		}
		if (ConnectFailures.isIoFailure(ex)) {
			return exception(Kind.OUTCOME_UNKNOWN, null, "Twilio did not answer after the request was sent,"
					+ " so the message may have been sent: " + ex.getMessage(), null, ex);
		}
		return exception(Kind.UNAVAILABLE, null, "Twilio call failed: " + ex.getMessage(), null, ex);
	}

	/**
	 * Tells whether the SDK's exception wraps a failure to open a connection. Apache
	 * HttpClient reports a connect timeout and a wait for a pooled connection with its
	 * own exception types.
	 */
	private static boolean isConnectFailure(ApiException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectTimeoutException || cause instanceof ConnectionRequestTimeoutException) {
				return true;
			}
		}
		return ConnectFailures.isConnectFailure(ex);
	}

	private static ProviderException exception(Kind kind, String code, String message, Duration retryAfter,
			ApiException cause) {
		return new ProviderException(TwilioProvider.NAME, kind, code, message, retryAfter, cause);
	}

}
