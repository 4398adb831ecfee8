# Test fixture: deliberately lacks `only-in-english`.
both = Les deux, en français
greeting = Bonjour { $name }
