package com.reachtown.dispatcher.phone;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * E.164 normalization of phone numbers and WhatsApp ids, with the Brazilian ninth-digit
 * rule.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private static final Pattern DIGITS = Pattern.compile("\\d{6,15}");

	private static final Pattern PHONE_LIKE_DIGITS = Pattern.compile("(?<!\\d)\\d{10,15}(?!\\d)");

	private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-]");

	private PhoneNumbers() {
	}

	/**
	 * Normalizes a phone number written with its country code ({@code +5564999998888},
	 * {@code 5564999998888} or {@code whatsapp:+5564999998888}) to E.164.
	 * @param raw the number as given
	 * @return the number in E.164, with the ninth digit restored for Brazilian mobiles
	 * @throws InvalidPhoneNumberException if the number is not a valid number of its
	 * country
	 */
	public static String toE164(String raw) {
		if (raw == null || raw.isBlank()) {
			throw new InvalidPhoneNumberException(raw, "is empty");
		}
		String digits = SEPARATORS.matcher(stripWhatsAppPrefix(raw.strip())).replaceAll("");
		if (digits.startsWith("+")) {
			digits = digits.substring(1);
		}
		if (!DIGITS.matcher(digits).matches()) {
			throw new InvalidPhoneNumberException(raw,
					"must be an international number with its country code, like +5564999998888");
		}

		PhoneNumber number = parse("+" + withBrazilianNinthDigit(digits), raw);
		if (!UTIL.isValidNumber(number)) {
			throw new InvalidPhoneNumberException(raw,
					"is not a valid phone number of country code +" + number.getCountryCode());
		}
		return UTIL.format(number, PhoneNumberFormat.E164);
	}

	/**
	 * Inserts the ninth digit into a Brazilian mobile number written without it:
	 * {@code 55}, a two-digit area code and eight digits of which the first is 6 to 9.
	 * Landlines (first digit 2 to 5) and numbers that already have nine digits are
	 * returned unchanged.
	 * @param digits the number as digits, country code first
	 * @return the digits, with the ninth digit where it was missing
	 */
	public static String withBrazilianNinthDigit(String digits) {
		boolean brazilianWithoutNinthDigit = digits.length() == 12 && digits.startsWith("55") && digits.charAt(4) >= '6'
				&& digits.charAt(4) <= '9';
		if (!brazilianWithoutNinthDigit) {
			return digits;
		}
		return digits.substring(0, 4) + "9" + digits.substring(4);
	}

	/**
	 * Masks the middle of a phone number for logs: {@code +5564999998888} becomes
	 * {@code +55649****8888}.
	 * @param phone the number, in any form; may be {@code null}
	 * @return the masked number
	 */
	public static String mask(String phone) {
		if (phone == null || phone.isEmpty()) {
			return "";
		}
		int visibleTail = 4;
		int visibleHead = Math.min(6, phone.length() - visibleTail - 4);
		if (visibleHead < 0) {
			return "*".repeat(Math.max(0, phone.length() - 2)) + phone.substring(Math.max(0, phone.length() - 2));
		}
		int hidden = phone.length() - visibleHead - visibleTail;
		return phone.substring(0, visibleHead) + "*".repeat(hidden) + phone.substring(phone.length() - visibleTail);
	}

	/**
	 * Masks every phone-number-like run of 10 to 15 digits in a text for logs, such as
	 * the number inside a WhatsApp message id: {@code true_5564999998888@c.us_3EB0}
	 * becomes {@code true_55649****8888@c.us_3EB0}.
	 * @param text the text, such as a provider message id; may be {@code null}
	 * @return the text with those runs masked
	 */
	public static String maskNumbersIn(String text) {
		if (text == null) {
			return null;
		}
		return PHONE_LIKE_DIGITS.matcher(text).replaceAll((match) -> mask(match.group()));
	}

	private static String stripWhatsAppPrefix(String raw) {
		return raw.regionMatches(true, 0, "whatsapp:", 0, 9) ? raw.substring(9) : raw;
	}

	private static PhoneNumber parse(String e164Candidate, String raw) {
		try {
			return UTIL.parse(e164Candidate, null);
		}
		catch (NumberParseException ex) {
			throw new InvalidPhoneNumberException(raw, "could not be parsed: " + ex.getMessage());
		}
	}

}
