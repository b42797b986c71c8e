package com.reachtown.dispatcher.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio payloads from {@code src/test/resources/twilio} and Twilio's webhook signature,
 * computed independently of the SDK's validator.
 */
public final class TwilioFixtures {

	public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";

	private TwilioFixtures() {
	}

	/**
	 * Reads a fixture file.
	 * @param name the file name under {@code twilio/}
	 * @return its content
	 */
	public static String fixture(String name) {
		return Fixtures.read("twilio/" + name);
	}

	/**
	 * Returns Twilio's 201 response to a message create.
	 * @param accountSid the account the message belongs to
	 * @return the JSON body
	 */
	public static String messageCreated(String accountSid) {
		return fixture("message-created.json").replace("{{ACCOUNT_SID}}", accountSid);
	}

	/**
	 * Computes {@code X-Twilio-Signature}: the base64 HMAC-SHA1, keyed with the auth
	 * token, of the URL followed by each POST parameter's name and value in name order.
	 * @param authToken the account's auth token
	 * @param url the full URL Twilio posted to
	 * @param parameters the form body's parameters
	 * @return the signature
	 */
	public static String sign(String authToken, String url, Map<String, String> parameters) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(parameters).forEach((name, value) -> data.append(name).append(value));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
