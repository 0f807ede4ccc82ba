using System.Globalization;
using AutoMapper;
using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Validation;

namespace CaseFlow.Server.Api.Definitions;

/// <summary>Definition rows and use-case results to the definition API's DTOs.</summary>
public sealed class DefinitionProfile : Profile
{
    public DefinitionProfile()
    {
        // Used in EF projections (ProjectTo): every member must stay translatable to SQL.
        CreateMap<WorkflowDefinitionRow, DefinitionListItem>()
            .ForCtorParam(nameof(DefinitionListItem.LatestVersion), o => o.MapFrom(r => r.Version))
            .ForCtorParam(nameof(DefinitionListItem.LatestStatus), o => o.MapFrom(r => r.Status))
            .ForCtorParam(nameof(DefinitionListItem.PublishedVersion), o => o.MapFrom(r => r.IsPublished ? (int?)r.Version : null))
            .ForCtorParam(nameof(DefinitionListItem.UpdatedAt), o => o.MapFrom(r => r.UpdatedAt))
            .ForCtorParam(nameof(DefinitionListItem.UpdatedBy), o => o.MapFrom(r => r.UpdatedBy));

        CreateMap<WorkflowDefinitionRow, DefinitionVersionSummary>()
            .ForCtorParam(nameof(DefinitionVersionSummary.Id), o => o.MapFrom(r => r.VersionId));
        CreateMap<DefinitionVersionInfo, DefinitionVersionSummary>()
            .ForCtorParam(nameof(DefinitionVersionSummary.Id), o => o.MapFrom(r => r.VersionId));

        CreateMap<ValidationIssue, DefinitionIssue>();

        // The import use case labels each entry with its index in the request.
        CreateMap<ImportedFile, ImportedDefinition>()
            .ForCtorParam(nameof(ImportedDefinition.Index), o => o.MapFrom(f => int.Parse(f.File, CultureInfo.InvariantCulture)));
        CreateMap<ImportReport, ImportResult>();
    }
}
