package com.reachtown.dispatcher.phone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masking of phone numbers for logs: at most six leading and four trailing characters
 * stay readable, at least four in the middle are hidden, and values too short for that
 * keep only their last two characters.
 */
class PhoneNumbersMaskTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			+5564999998888          | +55649****8888
			5564999998888           | 55649****8888
			556499998888            | 5564****8888
			+14155238886            | +141****8886
			+447911123456           | +4479****3456
			whatsapp:+5564999998888 | whatsa*************8888
			12345678                | ****5678
			123                     | *23
			7                       | 7
			null                    | ''
			""")
	void maskHidesMiddleDigits(String phone, String expected) {
		assertThat(PhoneNumbers.mask(phone)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "+5564999998888", "5564999998888", "+14155238886", "+447911123456" })
	void maskKeepsLengthAndHidesFourDigits(String phone) {
		String masked = PhoneNumbers.mask(phone);

		assertThat(masked).hasSameSizeAs(phone);
		assertThat(masked.chars().filter((c) -> c == '*').count()).isGreaterThanOrEqualTo(4);
		assertThat(masked).doesNotContain(phone.substring(phone.length() - 8, phone.length() - 4));
	}

}
