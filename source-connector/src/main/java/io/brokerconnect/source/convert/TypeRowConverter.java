package io.brokerconnect.source.convert;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.source.sqlite.RawRow;

/** Converts a raw {@code types} row (id, name); ids differ between databases, so only the name counts. */
final class TypeRowConverter {

    private static final int NAME = 1;

    private TypeRowConverter() {
    }

    static Conversion<DataType> convert(RawRow row) {
        try {
            String name = RawValues.text(row, NAME, true);
            return DataType.parse(name)
                .<Conversion<DataType>>map(Conversion::converted)
                .orElseGet(() -> Conversion.rejected("type name '" + name + "' is neither rib nor updates"));
        } catch (RejectedValueException e) {
            return e.toConversion();
        }
    }
}
