// The public API uses `OrderedDictionary` (``Attributes``, ``Dataset/variables``), so clients of
// IsomorphArrays see OrderedCollections without importing it themselves.
@_exported import OrderedCollections
