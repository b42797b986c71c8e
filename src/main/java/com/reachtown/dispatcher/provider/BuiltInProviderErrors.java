package com.reachtown.dispatcher.provider;

import java.time.Duration;
import java.util.Map;

import com.reachtown.dispatcher.provider.ProviderException.Kind;

/**
 * The provider error codes the dispatcher maps without configuration. Twilio's codes are
 * documented at https://www.twilio.com/docs/api/errors. Evolution API and WAHA have no
 * codes of their own, so their adapters name the few error responses that need an entry.
 */
final class BuiltInProviderErrors {

	/** Evolution API's error code for a number that has no WhatsApp account. */
	static final String NOT_ON_WHATSAPP = "not_on_whatsapp";

	private BuiltInProviderErrors() {
	}

	static Map<String, Map<String, ProviderError>> all() {
		return Map.of("twilio", twilio(), "evolution", evolution());
	}

	private static Map<String, ProviderError> twilio() {
		return Map.ofEntries(
				misconfigured("20003",
						"Twilio rejected the credentials; check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
				rateLimited("20429", "Twilio limited the request rate; send again after the Retry-After delay", null),
				rejected("21211", "the recipient is not a valid phone number"),
				misconfigured("21212", "the sender is not a valid phone number; check TWILIO_WHATSAPP_FROM"),
				rejected("21408", "the Twilio account may not send to the recipient's region"),
				misconfigured("21606", "the sender is not a number of this account; check TWILIO_WHATSAPP_FROM"),
				rejected("21610", "the recipient has unsubscribed from this sender (replied STOP)"),
				rejected("21614", "the recipient is not a valid mobile number"),
				rejected("63003", "the recipient is not reachable on WhatsApp"),
				misconfigured("63007",
						"the sender is not a WhatsApp sender of this account; check TWILIO_WHATSAPP_FROM"),
				rejected("63016", "the recipient's 24-hour session is closed; only a template message can be sent"),
				rateLimited("63018", "Twilio limited the rate of this WhatsApp sender; send again later", null),
				rejected("63024", "the recipient is not a valid WhatsApp recipient"),
				// NOTE: Twilio does not say when the daily limit resets. One hour is a
				// guess that keeps
				// callers from retrying at once.
				rateLimited("63038", "the Twilio account reached its daily message limit; send again tomorrow",
						Duration.ofHours(1)));
	}

	private static Map<String, ProviderError> evolution() {
		return Map.ofEntries(rejected(NOT_ON_WHATSAPP, "the recipient's number is not on WhatsApp"));
	}

	private static Map.Entry<String, ProviderError> rejected(String code, String message) {
		return Map.entry(code, ProviderError.of(Kind.REJECTED, message));
	}

	private static Map.Entry<String, ProviderError> misconfigured(String code, String message) {
		return Map.entry(code, ProviderError.of(Kind.MISCONFIGURED, message));
	}

	private static Map.Entry<String, ProviderError> rateLimited(String code, String message, Duration retryAfter) {
		return Map.entry(code, new ProviderError(Kind.RATE_LIMITED, 429, true, message, retryAfter));
	}

}
