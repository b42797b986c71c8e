package com.reachtown.dispatcher.provider.twilio;

import java.time.Duration;
import java.util.Map;

import com.reachtown.dispatcher.provider.ProviderException;
import com.reachtown.dispatcher.provider.ProviderException.Kind;
import com.twilio.exception.ApiException;

/**
 * Maps Twilio's API errors to {@link ProviderException}s: first by Twilio error code,
 * then by HTTP status. Codes are listed at https://www.twilio.com/docs/api/errors.
 */
final class TwilioErrors {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private static final Map<Integer, Known> KNOWN_CODES = Map.ofEntries(
			rejected(21211, "the recipient is not a valid phone number"),
			rejected(21408, "the account may not send to the recipient's region"),
			rejected(21610, "the recipient has unsubscribed from this sender (replied STOP)"),
			rejected(21614, "the recipient is not a valid mobile number"),
			rejected(63003, "the recipient is not reachable on WhatsApp"),
			rejected(63016, "the recipient's 24-hour session is closed; only a template message can be sent"),
			rejected(63024, "the recipient is not a valid WhatsApp recipient"),
			misconfigured(20003, "Twilio rejected the credentials; check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
			misconfigured(21212, "the sender is not a valid phone number; check TWILIO_WHATSAPP_FROM"),
			misconfigured(21606, "the sender is not a number of this account; check TWILIO_WHATSAPP_FROM"),
			misconfigured(63007, "the sender is not a WhatsApp sender of this account; check TWILIO_WHATSAPP_FROM"),
			Map.entry(20429, new Known(Kind.RATE_LIMITED, "Twilio limited the request rate")),
			Map.entry(63018, new Known(Kind.RATE_LIMITED, "Twilio limited the rate of this WhatsApp sender")));

	private TwilioErrors() {
	}

	/**
	 * Maps a failed API call.
	 * @param ex the SDK's exception, which has no status when the API was not reached
	 * @param retryAfter the response's {@code Retry-After}, or {@code null}
	 * @return the exception to throw
	 */
	static ProviderException toProviderException(ApiException ex, Duration retryAfter) {
		Integer code = ex.getCode();
		Known known = (code != null) ? KNOWN_CODES.get(code) : null;
		if (known != null) {
			return exception(known.kind(), code, known.message(), retryAfter, ex);
		}

		Integer status = ex.getStatusCode();
		if (status == null || status >= 500) {
			String reason = (status != null) ? "failed with HTTP " + status : "could not be reached";
			return exception(Kind.UNAVAILABLE, code, "Twilio " + reason + ": " + ex.getMessage(), null, ex);
		}
		if (status == 429) {
			return exception(Kind.RATE_LIMITED, code, "Twilio limited the request rate", retryAfter, ex);
		}
		return exception(Kind.REJECTED, code, "Twilio rejected the message: " + ex.getMessage(), null, ex);
	}

	private static ProviderException exception(Kind kind, Integer code, String message, Duration retryAfter,
			ApiException cause) {
		Duration wait = (kind == Kind.RATE_LIMITED && retryAfter == null) ? DEFAULT_RETRY_AFTER : retryAfter;
		String errorCode = (code != null) ? code.toString() : null;
		return new ProviderException(TwilioProvider.NAME, kind, errorCode, message, wait, cause);
	}

	private static Map.Entry<Integer, Known> rejected(int code, String message) {
		return Map.entry(code, new Known(Kind.REJECTED, "Twilio rejected the message (" + code + "): " + message));
	}

	private static Map.Entry<Integer, Known> misconfigured(int code, String message) {
		return Map.entry(code, new Known(Kind.MISCONFIGURED, message));
	}

	private record Known(Kind kind, String message) {
	}

}
