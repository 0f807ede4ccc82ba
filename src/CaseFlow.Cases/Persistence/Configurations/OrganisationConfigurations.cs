using CaseFlow.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseFlow.Cases.Persistence.Configurations;

public sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Departments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Layer).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.HeadId).HasMaxLength(64);
        builder.Property(d => d.Revision).IsConcurrencyToken();
    }
}

public sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("People");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.DepartmentId).HasMaxLength(64);
        builder.Property(p => p.Position).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.SuperiorId).HasMaxLength(64);
        builder.Property(p => p.UserName).HasMaxLength(256);
        builder.Property(p => p.Email).HasMaxLength(320);
        builder.Property(p => p.Phone).HasMaxLength(50);
        builder.Property(p => p.Reserve).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Revision).IsConcurrencyToken();

        // The directory by department, the superior chain upwards, a signed-in user's own record.
        builder.HasIndex(p => p.DepartmentId);
        builder.HasIndex(p => p.SuperiorId);
        builder.HasIndex(p => p.UserName).IsUnique();
    }
}
